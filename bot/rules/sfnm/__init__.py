"""Rules for sfnm."""
