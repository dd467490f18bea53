"""The living style page: every component of static/css/theme.css, for staff."""
