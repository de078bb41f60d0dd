"""Strings of login and access (pages/common/access.py, the sidebar's account block)."""

STRINGS: dict[str, tuple | str] = {
    "access.title": ("Labor emulation dashboard", "劳动竞赛仪表板"),
    "access.login_intro": (
        "Sign in with your organisation's account to see the campaign's figures for the "
        "units you are responsible for.",
        "请用本单位账号登录，查看您所负责厂矿的竞赛数据。",
    ),
    "access.login": ("Sign in", "登录"),
    "access.logout": ("Sign out", "退出登录"),
    "access.signed_in": ("Signed in as {who} · {role}", "已登录：{who} · {role}"),
    "access.scope_all": ("Sees every unit", "可查看全部厂矿"),
    "access.scope_some": (
        {"one": "Sees {n} unit", "other": "Sees {n} units"},
        "可查看 {n} 个厂矿",
    ),
    "access.role.viewer": ("viewer", "浏览者"),
    "access.role.investigator": ("investigator", "调查员"),
    "access.role.admin": ("administrator", "管理员"),
    "access.no_access": (
        "You are signed in as {who}, but the access policy gives this account no units. "
        "Ask the central staff to add you to it, or sign in with another account.",
        "您已以 {who} 登录，但访问策略没有为此账号分配任何厂矿。请联系中央工作人员将您加入，"
        "或换用其他账号登录。",
    ),
    "access.policy_error": (
        "Login is on, but the access policy cannot be used, so nothing is shown: {error}",
        "已启用登录，但访问策略无法使用，因此不显示任何数据：{error}",
    ),
    "access.records_only": (
        "The unit's records are open to investigators and the central staff; your role sees "
        "its figures and charts.",
        "厂矿的原始记录仅向调查员和中央工作人员开放；您的角色可查看其指标和图表。",
    ),
}
