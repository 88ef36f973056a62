"""eachlabs-gen: compiles the YAML spec into a typed Python client, validators and OpenAPI."""
