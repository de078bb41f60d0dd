"""The floor of the browser clicks: a two-page Streamlit app, one page holding a title and one
small Plotly chart, the other a title alone. The benchmark clicks from one to the other in the
sidebar and opens the chart page's link in a new browser, in the same browser and harness as
the dashboard's pages: every page's time reads as a ratio to what Streamlit and Plotly take on
this machine before any of the dashboard's own work."""

import plotly.graph_objects as go
import streamlit as st


def one_chart() -> None:
    st.title("One chart")
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))


def blank() -> None:
    st.title("Blank")


st.navigation(
    [
        st.Page(blank, title="Blank", url_path="blank", default=True),
        st.Page(one_chart, title="One chart", url_path="one_chart"),
    ]
).run()
