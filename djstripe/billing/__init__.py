"""Plain functions behind billing methods of the models: pauses, tax, prices in several
currencies. The models' methods delegate here; nothing here is a model."""
