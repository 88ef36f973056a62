"""Local, offline Eachlabs API served from the spec."""
