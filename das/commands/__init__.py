"""Thin command modules: parse flags, call one core function, hand the result to a renderer."""
