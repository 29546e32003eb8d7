package ui

import "fyne.io/fyne/v2/lang"

// columnTitle is a table header in the interface's language. The screens
// keep their column names in English (checkColumns, registerColumns: they
// are also keys for sorting and tests); this translates them for display.
func columnTitle(name string) string {
	titles := map[string]string{
		"File": lang.L("File"), "Verdict": lang.L("Verdict"), "Errors": lang.L("Errors"),
		"Warnings": lang.L("Warnings"), "Late": lang.L("Late"), "Type": lang.L("Type"),
		"Size": lang.L("Size"), "Status": lang.L("Status"), "Number": lang.L("Number"),
		"Title": lang.L("Title"), "Source": lang.L("Source"), "Received (Geneva)": lang.L("Received (Geneva)"),
		"Rev.": lang.L("Rev."),
	}
	if t, ok := titles[name]; ok {
		return t
	}
	return name
}
