def only_staff_passwords(request, credentials):
    """django-axes whitelist: lockout protects staff passwords only.

    The federal login's callback also goes through authenticate(); its refusals (invalid
    national number, provider outage) are not password guesses and must not lock out a
    shared IP (a library, a school) from citizen sign-in.
    """
    return not request.path.startswith("/bureau/compte/")
