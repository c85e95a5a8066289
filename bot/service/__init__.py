"""Running unattended: the state database, the scheduler daemon, triggers and status."""
