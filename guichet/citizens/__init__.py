"""How citizens sign in: the federal login (OpenID Connect) and, in demo mode, demo citizens.

`session` is the API the rest of the guichet uses (who is signed in, how strongly).
"""
