"""Session notes written from an appointment: four parts, signing, amendments."""
