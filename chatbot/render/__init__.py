"""An Answer in, text out: plain text, HTML and JSON renderings of the one structured answer."""
