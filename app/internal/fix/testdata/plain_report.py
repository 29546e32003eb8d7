import sys, docx
d = docx.Document()
d.core_properties.title = "A plain report"
d.add_heading("Report on pilots", 0)
d.add_heading("1 Scope", 1)
d.add_paragraph("This report looks at pilots.")
t = d.add_table(rows=2, cols=2); t.style = "Table Grid"
t.cell(0,0).text = "Pilot"; t.cell(0,1).text = "Result"; t.cell(1,0).text = "A"; t.cell(1,1).text = "Good"
d.add_picture(sys.argv[2])
d.add_paragraph("Figure 1 - The pilot set-up")
d.add_heading("2 Conclusion", 1)
d.add_paragraph("Pilots help standards.")
d.save(sys.argv[1])
