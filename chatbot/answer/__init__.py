"""A question and its conversation in, a structured Answer out: routing, follow-ups, sentence selection, abstention."""
