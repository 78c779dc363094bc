"""Messages of Django REST framework that its own Polish catalogue leaves untranslated.

Listed here (gettext_noop) so that `make messages` puts them into our catalogue, which Django
consults before DRF's: an API answer in Polish then has no English sentence inside it
("Not a valid string.", "Must be a valid boolean."). Never imported; only extracted.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Invalid input."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop('Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
]
