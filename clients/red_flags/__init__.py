"""Red flags: raising one from any door, telling a person at once, acknowledging,
escalating to the owners, and clearing it (``services``); their emails and pages."""
