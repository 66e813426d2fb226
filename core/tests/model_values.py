"""What tests compare when a read made by hand must equal the ORM's."""


def loaded_values(instance) -> dict:
    """The instance's loaded columns by attribute name (deferred ones left out, not read)."""
    deferred = instance.get_deferred_fields()
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }
