"""The demo's accounts: one per role, at the demo's home organisations.

They exist only where `manage.py load_demo` has run, and the sign-in page
lists them (with the shared demo password) only in demo mode.
"""

from onward.accounts.constants import Role

DEMO_ACCOUNTS = [
    ("demo.pwc", Role.PRISON_WORK_COACH, "NWI", "Priya", "Sharma"),
    ("demo.pel", Role.PRISON_EMPLOYMENT_LEAD, "NWI", "Tom", "Hughes"),
    ("demo.idb", Role.ID_BANKING_ADMIN, "WLI", "Grace", "Okafor"),
    ("demo.probation", Role.PROBATION_PRACTITIONER, "N56NOSU", "Sam", "Fletcher"),
    ("demo.crs", Role.CRS_PROVIDER, "CRSEAST", "Alex", "Morgan"),
    ("demo.jcp", Role.JOBCENTRE_WORK_COACH, "JCNORW", "Dan", "Whitlock"),
    ("demo.nfn", Role.EMPLOYER_ENGAGEMENT, "national", "Ruth", "Adeyemi"),
    ("demo.pm", Role.PARTNERSHIP_MANAGER, "DWPEAN", "Julia", "Knight"),
    ("demo.board", Role.PARTNERSHIP_BOARD, "national", "Chris", "Patel"),
    ("demo.admin", Role.ADMINISTRATOR, "national", "Jo", "Rivers"),
]
