import re

from django import forms


class DecimalInput(forms.TextInput):
    """Accepts amounts as people type them: "4 350,00 zł", "4350.00", "4.350,00"."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if not isinstance(value, str):
            return value
        value = re.sub(r"[\s\u00a0\u202f]|zł|PLN|%", "", value, flags=re.IGNORECASE)
        if "," in value and "." in value:          # 4.350,00 -> 4350,00
            value = value.replace(".", "")
        return value


class ModelForm(forms.ModelForm):
    """A model form whose numbers read and show the Polish way ("4 350,00")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, (forms.DecimalField, forms.FloatField)):
                field.localize = True
                field.widget = DecimalInput(field.widget.attrs)
                field.widget.is_localized = True
