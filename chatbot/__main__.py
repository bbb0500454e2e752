"""``python -m chatbot``: see ``chatbot.cli``."""

import sys

from chatbot.cli import main

if __name__ == "__main__":
    sys.exit(main())
