# Type stubs for sqlcipher3, which ships none. Its DB-API module is a fork of
# the standard library's sqlite3 with the same classes and signatures (the
# runtime classes are distinct objects; only their types are shared here).
from sqlite3 import Connection as Connection
from sqlite3 import Cursor as Cursor
from sqlite3 import DatabaseError as DatabaseError
from sqlite3 import Error as Error
from sqlite3 import IntegrityError as IntegrityError
from sqlite3 import OperationalError as OperationalError
from sqlite3 import ProgrammingError as ProgrammingError
from sqlite3 import Row as Row
from sqlite3 import connect as connect
from sqlite3 import sqlite_version as sqlite_version
