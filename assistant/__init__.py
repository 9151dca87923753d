"""SDS Easy Read Assistant: the core logic shared by the Rasa actions, the API and the CLI."""

import os

__version__ = "0.1.0"

# No third-party calls from the server: Rasa sends usage data and crash reports to outside services
# unless told not to. Every process of ours imports this package first, and the ones it starts
# (`rasa train`, the Rasa server) inherit the environment. See PRIVACY.md.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
