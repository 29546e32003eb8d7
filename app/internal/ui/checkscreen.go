package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

const prefCheckDir = "check.dir"

// checkScreen is the secretariat's screen: choose or drop files or a
// folder, watch progress, sort the results, read each file's findings.
type checkScreen struct {
	h       *host
	profile *meeting.Profile

	paths     []string
	recursive *widget.Check
	asOf      *field
	runBtn    *widget.Button
	cancelBtn *widget.Button
	exportBtn *widget.Button
	progress  *widget.ProgressBar
	progLabel *widget.Label
	table     *widget.Table
	details   *findingsView
	fixes     *checkFixes // fix buttons of the selected file (fixdoc.go)
	facts     *widget.Label
	summary   *widget.Label

	mu      sync.Mutex
	cancel  context.CancelFunc
	report  *check.Report
	rows    []check.FileResult // report files in display order
	sortCol int
	sortAsc bool
	// done, if set, is called (on the UI goroutine) when a run ends; tests wait on it.
	done     func()
	selected int
	// selPath is the selected file's path: the selection follows it
	// through sorting and re-checks.
	selPath string
	// status is what the officer did with a file here: accepted or rejected.
	status    map[string]string
	colWidths []float32 // set by fitColumns

	// useRegister checks against the register and records receipts.
	useRegister *widget.Check
	acceptBtn   *widget.Button
	rejectBtn   *widget.Button
	// reg returns the open register; registerChanged reloads its screen.
	reg             func() (*register.Register, error)
	registerChanged func()
}

var checkColumns = []string{"File", "Verdict", "Errors", "Warnings", "Late", "Type", "Size", "Status"}

// prefReportDir is where the last check report was saved.
const prefReportDir = "check.reportDir"

func newCheckScreen(h *host, p *meeting.Profile) *checkScreen {
	// Worst first: what the secretariat must act on comes to the top.
	s := &checkScreen{h: h, profile: p, sortCol: 1, sortAsc: false, selected: -1, status: map[string]string{}}
	s.recursive = widget.NewCheck(lang.L("Sub-folders"), nil)
	s.useRegister = widget.NewCheck(lang.L("Against register (record receipts)"), nil)
	s.acceptBtn = widget.NewButtonWithIcon(lang.L("Accept & file…"), theme.ConfirmIcon(), s.accept)
	s.acceptBtn.Disable()
	s.rejectBtn = widget.NewButtonWithIcon(lang.L("Reject…"), theme.CancelIcon(), s.askReject)
	s.rejectBtn.Disable()
	s.asOf = newField(h) // window shortcuts pass through
	s.asOf.SetPlaceHolder(lang.L("now (or 2012-03-13T09:00)"))
	s.runBtn = widget.NewButtonWithIcon(lang.L("Check"), theme.MediaPlayIcon(), func() { s.run(s.paths) })
	s.runBtn.Importance = widget.HighImportance
	s.runBtn.Disable()
	s.cancelBtn = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), s.stop)
	s.cancelBtn.Disable()
	s.exportBtn = widget.NewButtonWithIcon(lang.L("Export report…"), theme.DownloadIcon(), s.exportReport)
	s.exportBtn.Disable()
	s.progress = widget.NewProgressBar()
	s.progLabel = widget.NewLabel(lang.L("Choose files or a folder, or drop them on the window."))
	s.progLabel.Truncation = fyne.TextTruncateEllipsis
	s.summary = widget.NewLabel("")
	s.details = newFindingsView(lang.L("Select a file to see its findings."))
	s.details.summary.SetText(lang.L("Select a file to see its findings."))
	s.facts = widget.NewLabel("")
	s.facts.Wrapping = fyne.TextWrapWord
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(checkColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel(lang.L("innovation-i-0000.docx"))
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { s.cell(id, o.(*widget.Label)) },
	)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		return b
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row >= 0 || id.Col < 0 {
			return
		}
		name := columnTitle(checkColumns[id.Col])
		b.SetIcon(nil)
		if id.Col == s.sortCol {
			if s.sortAsc {
				b.SetIcon(theme.MoveUpIcon())
			} else {
				b.SetIcon(theme.MoveDownIcon())
			}
		}
		b.SetText(name)
		col := id.Col
		b.OnTapped = func() { s.sortBy(col) }
	}
	s.fitColumns()
	s.table.OnSelected = func(id widget.TableCellID) { s.showDetails(id.Row) }
	return s
}

func (s *checkScreen) content() fyne.CanvasObject {
	bar := container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Files…"), theme.FileIcon(), func() {
			s.h.chooseOpen(lang.L("Check a file"), s.h.pref(prefCheckDir), nil, func(p string) {
				s.h.setPref(prefCheckDir, filepath.Dir(p))
				s.setPaths([]string{p})
			})
		}),
		widget.NewButtonWithIcon(lang.L("Folder…"), theme.FolderOpenIcon(), func() {
			s.h.chooseFolder(lang.L("Check a folder"), s.h.pref(prefCheckDir), func(d string) {
				s.h.setPref(prefCheckDir, d)
				s.setPaths([]string{d})
			})
		}),
		s.runBtn, s.cancelBtn, s.exportBtn,
	)
	options := container.NewHBox(
		s.recursive,
		s.useRegister,
		s.watchControl(), // watch.go
		widget.NewLabel(lang.L("As of")),
		container.NewGridWrap(fyne.NewSize(220, s.asOf.MinSize().Height), s.asOf),
	)
	top := container.NewVBox(bar, options, s.progress, s.progLabel, s.summary)
	actions := container.NewHBox(s.acceptBtn, s.rejectBtn,
		widget.NewButtonWithIcon(lang.L("Submit…"), theme.UploadIcon(), s.submitSelected)) // submit.go
	// Fix buttons stack under the actions: a row of them would widen the
	// details pane until the results table shrinks to one column.
	detail := container.NewBorder(container.NewVBox(s.facts, actions, s.fixBox()), nil, nil, nil, s.details.content())
	split := container.NewHSplit(s.table, detail)
	split.Offset = 0.55
	return container.NewBorder(top, nil, nil, nil, split)
}

// setPaths chooses what to check and starts at once.
func (s *checkScreen) setPaths(paths []string) {
	s.paths = paths
	s.runBtn.Enable()
	s.run(paths)
}

// run checks paths in the background, streaming progress.
func (s *checkScreen) run(paths []string) {
	if len(paths) == 0 {
		return
	}
	var asOf time.Time
	if t := strings.TrimSpace(s.asOf.Text); t != "" {
		var err error
		if asOf, err = s.profile.ParseInstant(t); err != nil {
			s.h.showError(fmt.Errorf("as of: %w", err))
			return
		}
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.mu.Unlock()

	s.runBtn.Disable()
	s.cancelBtn.Enable()
	s.clearDetails()
	s.progress.SetValue(0)
	s.progLabel.SetText(fmt.Sprintf(lang.L("Listing %s …"), strings.Join(paths, ", ")))
	opt := check.Options{
		Profile: s.profile, AsOf: asOf, Recursive: s.recursive.Checked, KeepFacts: true,
		Progress: progressEvery(progressInterval, func(p check.Progress) {
			fyne.Do(func() {
				s.progress.SetValue(float64(p.Done) / float64(max(p.Total, 1)))
				s.progLabel.SetText(fmt.Sprintf(lang.L("%d / %d  %s"), p.Done, p.Total, filepath.Base(p.Current)))
			})
		}),
	}
	if s.useRegister.Checked && s.reg != nil {
		reg, err := s.reg()
		if err != nil {
			s.h.showError(err)
			s.runBtn.Enable()
			s.cancelBtn.Disable()
			return
		}
		// As of is judgement only: a receipt is a fact with the real
		// time, so none is recorded while As of is set.
		opt.Register, opt.Record = reg, asOf.IsZero()
	}
	go func() {
		rep, err := check.Run(ctx, paths, opt)
		fyne.Do(func() {
			s.finish(rep, err)
			if s.done != nil {
				s.done()
			}
		})
	}()
}

// progressInterval is how often a run's progress reaches the window: a
// redraw per file made checking in the window many times slower than the
// CLI.
var progressInterval = 100 * time.Millisecond

// progressEvery passes on at most one progress report per interval (and
// always the last one, when Done reaches Total).
func progressEvery(interval time.Duration, f func(check.Progress)) func(check.Progress) {
	var mu sync.Mutex
	var last time.Time
	return func(p check.Progress) {
		mu.Lock()
		now := time.Now()
		pass := now.Sub(last) >= interval || p.Done >= p.Total
		if pass {
			last = now
		}
		mu.Unlock()
		if pass {
			f(p)
		}
	}
}

func (s *checkScreen) finish(rep *check.Report, err error) {
	s.cancelBtn.Disable()
	s.runBtn.Enable()
	if rep == nil {
		s.progLabel.SetText(fmt.Sprintf(lang.L("Could not check: %s"), err.Error()))
		s.h.showError(err)
		return
	}
	s.report = rep
	s.rows = slices.Clone(rep.Files)
	s.applySort()
	s.exportBtn.Enable()
	sm := rep.Summary
	text := fmt.Sprintf("%d file(s): %d pass, %d with warnings, %d with errors, %d late · deadline %s",
		sm.Files, sm.Passed, sm.Warnings, sm.Errors, sm.Late, s.profile.DualTime(s.profile.Deadline(), localZone))
	if rep.AsOf != nil {
		text += " · as of " + rep.AsOf.In(s.profile.Location()).Format("2 Jan 2006 15:04 MST")
		if s.useRegister.Checked {
			text += " · no receipts recorded (As of only judges; clear it to record receipts)"
		}
	}
	if rep.Cancelled {
		text += " · cancelled"
		s.progLabel.SetText(lang.L("Cancelled"))
	} else {
		s.progress.SetValue(1)
		s.progLabel.SetText(lang.L("Done"))
	}
	s.summary.SetText(text)
	s.table.Refresh()
	if opt := s.useRegister.Checked; opt && s.registerChanged != nil {
		s.registerChanged()
	}
	// The file selected before the check stays selected if it was
	// checked again; else nothing is (the details say so).
	s.reselect()
}

// clearDetails empties the details pane and the selection.
func (s *checkScreen) clearDetails() {
	s.table.UnselectAll()
	s.selected = -1
	s.facts.SetText("")
	s.details.set(nil)
	s.details.summary.SetText(lang.L("Select a file to see its findings."))
	s.details.box.Objects = nil // not "Every rule passes": nothing is selected
	s.details.box.Refresh()
	s.acceptBtn.Disable()
	s.rejectBtn.Disable()
}

// reselect selects the row of selPath (after a sort or a new check), or
// clears the details if that file is not in the results.
func (s *checkScreen) reselect() {
	for i, f := range s.rows {
		if f.Path == s.selPath && s.selPath != "" {
			s.table.UnselectAll()
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.showDetails(i)
			return
		}
	}
	s.clearDetails()
}

// fitColumns sizes each column to its header (with the sort arrow) and
// its widest word, e.g. "WARNING" in bold.
func (s *checkScreen) fitColumns() {
	pad := 4 * theme.Padding()
	words := map[int][]string{1: {"WARNING", "ERROR"}, 4: {"late"}, 5: {"docx", "pdf"}, 6: {"1023 KB"}, 7: {"accepted", "rejected"}}
	for i, h := range checkColumns {
		w := fyne.MeasureText(columnTitle(h), theme.TextSize(), fyne.TextStyle{}).Width + theme.IconInlineSize() + theme.Padding()
		for _, word := range words[i] {
			w = max(w, fyne.MeasureText(word, theme.TextSize(), fyne.TextStyle{Bold: true}).Width)
		}
		if i == 0 {
			w = fyne.MeasureText("innovation-i-0000-r1.docx", theme.TextSize(), fyne.TextStyle{}).Width
		}
		s.table.SetColumnWidth(i, w+pad)
		s.colWidths = append(s.colWidths, w+pad)
	}
}

func (s *checkScreen) stop() {
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
	s.progLabel.SetText(lang.L("Cancelling…"))
}

func (s *checkScreen) cell(id widget.TableCellID, l *widget.Label) {
	if id.Row >= len(s.rows) {
		return
	}
	f := s.rows[id.Row]
	l.TextStyle = fyne.TextStyle{}
	l.Importance = widget.MediumImportance
	switch id.Col {
	case 0:
		l.SetText(f.Name)
		return
	case 1:
		l.TextStyle.Bold = true
		l.Importance = verdictImportance(f)
		l.SetText(f.Label())
	case 2:
		l.SetText(fmt.Sprint(f.Counts.Errors))
	case 3:
		l.SetText(fmt.Sprint(f.Counts.Warnings))
	case 4:
		if f.Late {
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("late"))
		} else {
			l.SetText("")
		}
	case 5:
		l.SetText(string(f.Kind))
	case 6:
		l.SetText(sizeText(f.Size))
	case 7:
		l.SetText(s.status[f.Path])
	}
	l.Refresh()
}

func verdictImportance(f check.FileResult) widget.Importance {
	switch {
	case f.Counts.Errors > 0:
		return widget.DangerImportance
	case f.Counts.Warnings > 0:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// sortBy sorts by a column; a second tap reverses.
func (s *checkScreen) sortBy(col int) {
	if s.sortCol == col {
		s.sortAsc = !s.sortAsc
	} else {
		s.sortCol, s.sortAsc = col, true
	}
	s.applySort()
	s.table.Refresh()
	s.reselect()
}

func (s *checkScreen) applySort() {
	if s.sortCol < 0 {
		return
	}
	key := func(f check.FileResult) int {
		switch s.sortCol {
		case 1:
			return int(f.Verdict)
		case 2:
			return f.Counts.Errors
		case 3:
			return f.Counts.Warnings
		case 4:
			if f.Late {
				return 1
			}
		case 6:
			return int(min(f.Size, 1<<31-1))
		}
		return 0
	}
	slices.SortStableFunc(s.rows, func(a, b check.FileResult) int {
		var c int
		switch s.sortCol {
		case 0:
			c = strings.Compare(a.Name, b.Name)
		case 5:
			c = strings.Compare(string(a.Kind), string(b.Kind))
		default:
			c = cmp.Compare(key(a), key(b))
		}
		if !s.sortAsc {
			c = -c
		}
		return c
	})
}

// showDetails fills the details pane for a row.
func (s *checkScreen) showDetails(row int) {
	if row < 0 || row >= len(s.rows) {
		return
	}
	s.selected = row
	f := s.rows[row]
	s.selPath = f.Path
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s · %s · SHA-256 %s…\n", f.Path, f.Kind, sizeText(f.Size), short(f.SHA256, 16))
	fmt.Fprintf(&b, lang.L("Received %s (%s)"), s.profile.DualTime(f.ReceivedAt, localZone), f.ReceivedFrom)
	if f.Late {
		b.WriteString(" · LATE")
	}
	if f.SuggestedName != "" {
		fmt.Fprintf(&b, "\nSuggested name: %s", f.SuggestedName)
	}
	s.facts.SetText(b.String())
	s.details.set(f.Findings)
	s.showFixes(f) // fix buttons (fixdoc.go)
	if s.reg != nil {
		s.acceptBtn.Enable()
		s.rejectBtn.Enable()
	}
}

// selectedResult returns the file selected in the results.
func (s *checkScreen) selectedResult() (check.FileResult, bool) {
	if s.selected < 0 || s.selected >= len(s.rows) {
		s.h.showError(errors.New("select a file in the results first"))
		return check.FileResult{}, false
	}
	return s.rows[s.selected], true
}

// accept files the selected result into the meeting folder (a read-only
// copy under its canonical name) after asking where the meeting's
// documents area is kept, the first time.
func (s *checkScreen) accept() {
	f, ok := s.selectedResult()
	if !ok {
		return
	}
	if f.Counts.Errors > 0 {
		s.h.confirm(lang.L("Accept a file with errors?"), fmt.Sprintf(lang.L("%s has %d error(s). Accept it anyway?"), f.Name, f.Counts.Errors), func(yes bool) {
			if yes {
				s.acceptTo(f)
			}
		})
		return
	}
	s.acceptTo(f)
}

func (s *checkScreen) acceptTo(f check.FileResult) {
	root := s.h.pref(prefMeetingsRoot)
	if root != "" {
		s.doAccept(f, root)
		return
	}
	s.h.chooseFolder(fmt.Sprintf(lang.L("Where is the meeting documents area? (%s/in/ goes inside)"), s.profile.FTP.MeetingFolder), "", func(dir string) {
		s.h.setPref(prefMeetingsRoot, dir)
		s.doAccept(f, dir)
	})
}

func (s *checkScreen) doAccept(f check.FileResult, root string) {
	reg, err := s.reg()
	if err != nil {
		s.h.showError(err)
		return
	}
	n, err := register.NumberOf(s.profile, numberOrName(f))
	if err != nil {
		s.h.showError(fmt.Errorf("accept %s: %w", f.Name, err))
		return
	}
	filed, err := reg.Accept(context.Background(), register.AcceptInput{Series: register.Series(s.profile), Number: n, Path: f.Path, Root: root, Profile: s.profile})
	if err != nil {
		s.h.showError(err)
		return
	}
	s.progLabel.SetText(fmt.Sprintf(lang.L("Accepted: filed read-only as %s"), filed.Path))
	s.status[f.Path] = "accepted"
	s.table.Refresh()
	if s.registerChanged != nil {
		s.registerChanged()
	}
}

func numberOrName(f check.FileResult) string {
	if f.Number != "" {
		return f.Number
	}
	return f.Name
}

func (s *checkScreen) askReject() {
	f, ok := s.selectedResult()
	if !ok {
		return
	}
	reason := widget.NewMultiLineEntry()
	var lines []string
	for _, fd := range f.Findings {
		if fd.Severity == finding.Error {
			lines = append(lines, fd.Code+": "+fd.Message)
		}
	}
	reason.SetText(strings.Join(lines, "\n"))
	d := dialog.NewForm(fmt.Sprintf(lang.L("Reject %s"), f.Name), lang.L("Reject"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Reason"), reason)}, func(ok bool) {
		if ok {
			s.reject(f, reason.Text)
		}
	}, s.h.win)
	d.Resize(fyne.NewSize(640, 300))
	d.Show()
}

func (s *checkScreen) reject(f check.FileResult, reason string) {
	reg, err := s.reg()
	if err == nil {
		var n int
		if n, err = register.NumberOf(s.profile, numberOrName(f)); err == nil {
			_, err = reg.Reject(context.Background(), register.Series(s.profile), n, reason)
		}
	}
	if err != nil {
		s.h.showError(fmt.Errorf("reject %s: %w", f.Name, err))
		return
	}
	s.progLabel.SetText(fmt.Sprintf(lang.L("Rejected %s (the file stays in incoming)"), f.Name))
	s.status[f.Path] = "rejected"
	s.table.Refresh()
	if s.registerChanged != nil {
		s.registerChanged()
	}
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// exportReport saves the last report as xlsx or JSON (by extension).
func (s *checkScreen) exportReport() {
	if s.report == nil {
		return
	}
	name := "check-report-" + clock().Format("2006-01-02-1504") + ".xlsx"
	s.h.chooseSave(lang.L("Export report (.xlsx or .json)"), s.reportStart(), name, []string{".xlsx", ".json"}, func(path string) {
		if err := s.writeReport(path); err != nil {
			s.h.showError(err)
			return
		}
		s.h.setPref(prefReportDir, filepath.Dir(path))
		s.progLabel.SetText(fmt.Sprintf(lang.L("Report written to %s"), path))
	})
}

// reportStart is where the report dialog opens: the last report folder,
// else the home folder; never a folder being checked (the app must not
// write into incoming).
func (s *checkScreen) reportStart() string {
	dir := s.h.pref(prefReportDir)
	if dir == "" || s.insideChecked(dir) {
		dir, _ = os.UserHomeDir()
	}
	if s.insideChecked(dir) {
		return ""
	}
	return dir
}

// insideChecked reports whether dir is (inside) one of the checked paths.
func (s *checkScreen) insideChecked(dir string) bool {
	for _, p := range s.paths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			p = filepath.Dir(p)
		}
		if rel, err := filepath.Rel(p, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (s *checkScreen) writeReport(path string) error {
	if filepath.Ext(path) == "" {
		path += ".xlsx"
	}
	return s.report.Save(path)
}

// setProfile switches the meeting; the next run uses it.
func (s *checkScreen) setProfile(p *meeting.Profile) { s.profile = p }
