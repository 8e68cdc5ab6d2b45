"""CCHC: Public Administration Reform (cải cách hành chính) management."""

__version__ = "0.1.0"
