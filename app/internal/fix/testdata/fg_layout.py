import sys, docx
from docx.shared import Pt
d = docx.Document()
t = d.add_table(rows=0, cols=3)
def row(*cells):
    r = t.add_row().cells
    for i, c in enumerate(cells):
        if c is None: continue
        lines = c if isinstance(c, list) else [c]
        r[i].text = lines[0]
        for l in lines[1:]:
            r[i].add_paragraph(l)
    return r
r = row("INTERNATIONAL TELECOMMUNICATION UNION", "", "innovation-i-nnnn"); r[0].merge(r[1])
r = row("TELECOMMUNICATION STANDARDIZATION SECTOR", "", "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS"); r[0].merge(r[1])
r = row("STUDY PERIOD 2009-2012", "", ["English only", "Original: English"]); r[0].merge(r[1])
row("WG(s):", "WG1", "Geneva, 19 and 21 March 2012")
r = row("INPUT DOCUMENT", "", ""); r[0].merge(r[1]).merge(r[2])
r = row("Source:", "Example Labs", ""); r[1].merge(r[2])
r = row("Title:", "Sandbox testing for innovation pilots", ""); r[1].merge(r[2])
row("Contact:", ["Ana Silva", "Example Labs", "Portugal"], ["Tel:\t+351 1", "Fax:\t", "E-mail:\tana@example.org"])
r = row("Purpose:", "Discussion", ""); r[1].merge(r[2])
r = row("Please don't change the structure of this table, just insert the necessary information.", "", ""); r[0].merge(r[1]).merge(r[2])
r = row("Abstract:", "This contribution proposes a sandbox.", ""); r[1].merge(r[2])
r = row("Keywords:", "sandbox; pilots", ""); r[1].merge(r[2])
d.add_heading("1 Introduction", 1)
for i in range(12):
    d.add_paragraph("Body paragraph number %d says something about sandboxes and pilots in standards work." % i)
d.save(sys.argv[1])
