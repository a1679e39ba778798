"""Area dashboards and reports: roll-up figures, child-area tables, server-drawn charts and
network health, read from the roll-up table (never by scanning people or organisations)."""
