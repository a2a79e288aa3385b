"""The moderators' console (Starlette, server-rendered): its routes call ``listbot.app``, like the command line."""
