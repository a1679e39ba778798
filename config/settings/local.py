"""A developer's or a single office's machine: `make run`. DEBUG only when CONCENTER_DEBUG=1."""

from .base import *  # noqa: F403
from .base import (
    env_bool,
    personal_data_key_from_environment_or_file,
    secret_key_from_environment_or_file,
)

DEBUG = env_bool("CONCENTER_DEBUG")

SECRET_KEY = secret_key_from_environment_or_file(allow_generate=True)
PERSONAL_DATA_KEY = personal_data_key_from_environment_or_file(allow_generate=True)
