"""Pure CJK text rules: numerals, dates, punctuation classes, line breaking on a grid. No model imports."""
