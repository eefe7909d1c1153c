"""Một Cửa: the electronic one-stop platform."""
