"""What lives on this machine: config, drafts and recent contacts. No UI."""
