"""Partner Playbook: assessments in, business-development plans and coaching guides out."""

__version__ = "0.1.0"
