"""Domain errors carry a Vietnamese message shown to the user as-is."""


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is user-facing and translated."""

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
