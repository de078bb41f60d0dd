"""The floor of the first-chart figure: a Streamlit script holding a title and one small
Plotly chart, nothing else. The benchmark times it from `streamlit run` to its chart in the
same browser and harness as the Overview, so the Overview's figure reads against what
Streamlit and Plotly take on this machine before any of the dashboard's own work."""

import plotly.graph_objects as go
import streamlit as st

st.title("Overview")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
