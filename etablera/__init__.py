"""Etablera: municipal refugee reception and integration, from anvisning to self-support."""
