"""The lint rules, one module per family; each rule reads a LintSource and returns findings."""
