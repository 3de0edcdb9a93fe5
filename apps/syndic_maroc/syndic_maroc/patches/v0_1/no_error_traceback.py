"""Sites set up before the installer turned it off: error answers stop carrying the Python
traceback (issue 10). Runs once; an admin may turn it back on in System Settings afterwards."""

from syndic_maroc.setup.site import disable_error_traceback


def execute():
	disable_error_traceback()
