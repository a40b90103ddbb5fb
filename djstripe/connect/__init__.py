"""Connect: what a platform does with its connected accounts (onboarding)."""
