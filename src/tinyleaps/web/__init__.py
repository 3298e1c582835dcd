"""Package files of the static site: Jinja2 templates and plain CSS/JS (no build step)."""
