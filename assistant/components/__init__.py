"""Custom Rasa NLU components (rule-based, no pretrained weights)."""
