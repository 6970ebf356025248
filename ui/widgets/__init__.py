"""Small widgets every screen shares: inline messages, empty states, copyable fields."""
