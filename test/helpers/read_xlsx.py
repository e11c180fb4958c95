"""Prints the cells of .xlsx files as openpyxl reads them, as JSON, for the Node tests.

Usage: read_xlsx.py FILE  (an .xlsx, or a .zip of .xlsx and .csv files)
Prints {name: {"sheets": [title...], "rows": [[cell...]...]}}; a cell is null or
{"t": openpyxl data_type, "v": value, "f": number_format}, datetimes in ISO form to the millisecond.
A .csv member is given as {"text": ...} so the test reads it itself.
"""
import datetime
import io
import json
import sys
import zipfile

import openpyxl


def cell(c):
    if c.value is None and c.data_type == 'n':
        return None
    v = c.value
    if isinstance(v, datetime.datetime):
        v = v.isoformat(timespec='milliseconds')
    elif isinstance(v, datetime.date):
        v = v.isoformat()
    return {'t': c.data_type, 'v': v, 'f': c.number_format}


def workbook(data):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    return {'sheets': wb.sheetnames, 'rows': [[cell(c) for c in row] for row in ws.iter_rows()]}


def main(path):
    with open(path, 'rb') as f:
        data = f.read()
    if path.endswith('.xlsx'):
        out = {path.rsplit('/', 1)[-1]: workbook(data)}
    else:
        out = {}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.testzip() is not None:
                raise SystemExit('damaged zip member')
            for name in z.namelist():
                member = z.read(name)
                out[name] = workbook(member) if name.endswith('.xlsx') else {'text': member.decode('utf-8')}
    json.dump(out, sys.stdout)


main(sys.argv[1])
