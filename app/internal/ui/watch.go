package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
)

const (
	prefWatchSource = "watch.source"
	prefWatchUser   = "watch.user"
	prefWatchMirror = "watch.mirror"
)

// watchSettings is what the secretariat gives to start watching.
type watchSettings struct {
	Source   string // ftp://host/path or a local folder
	User     string
	Password string // kept for this session only
	TLS      string
	Mirror   string
	Interval time.Duration
}

// incomingWatch is the check screen's "Watch incoming" switch: while on,
// new or changed files of the incoming folder are copied into the mirror,
// checked (with the register when "Against register" is ticked) and added
// to the results as they arrive.
type incomingWatch struct {
	s      *checkScreen
	toggle *widget.Check
	status *widget.Label
	// ask gets the settings (a form dialog; tests answer directly).
	ask func(cb func(watchSettings))

	mu     sync.Mutex
	cancel context.CancelFunc
	files  map[string]check.FileResult // by mirror path, this session
	// pass, if set, is called on the UI goroutine after each pass (tests).
	pass func(transfer.SyncResult, error)
}

var (
	watchersMu sync.Mutex
	watchers   = map[*checkScreen]*incomingWatch{}
)

// watchOf returns the screen's watch switch, creating it the first time.
func watchOf(s *checkScreen) *incomingWatch {
	watchersMu.Lock()
	defer watchersMu.Unlock()
	if w := watchers[s]; w != nil {
		return w
	}
	w := &incomingWatch{s: s, status: widget.NewLabel("")}
	w.status.Truncation = fyne.TextTruncateEllipsis
	w.toggle = widget.NewCheck(lang.L("Watch incoming"), func(on bool) {
		if on {
			w.ask(func(ws watchSettings) { w.start(ws) })
		} else {
			w.stop()
		}
	})
	w.ask = w.askDialog
	watchers[s] = w
	return w
}

// watchControl is the switch and its status line, for the check screen.
func (s *checkScreen) watchControl() fyne.CanvasObject {
	w := watchOf(s)
	return container.NewHBox(w.toggle, container.NewGridWrap(fyne.NewSize(420, w.status.MinSize().Height), w.status))
}

func (w *incomingWatch) askDialog(cb func(watchSettings)) {
	h := w.s.h
	src, user, mirror := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	src.SetText(h.pref(prefWatchSource))
	if src.Text == "" {
		src.SetText("ftp://" + w.s.profile.FTP.Host + w.s.profile.FTP.Incoming)
	}
	src.SetPlaceHolder(lang.L("ftp://host/path or a folder"))
	user.SetText(h.pref(prefWatchUser))
	user.SetPlaceHolder(lang.L("anonymous"))
	mirror.SetText(h.pref(prefWatchMirror))
	mirror.SetPlaceHolder(lang.L("local folder for read-only copies"))
	pw := widget.NewPasswordEntry()
	pw.SetPlaceHolder(lang.L("asked each session, never stored"))
	tlsSel := widget.NewSelect([]string{"auto", "explicit", "implicit", "off"}, nil)
	tlsSel.SetSelected("auto")
	every := widget.NewSelect([]string{"10s", "30s", "1m", "5m"}, nil)
	every.SetSelected("30s")
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Incoming"), src), widget.NewFormItem(lang.L("User"), user), widget.NewFormItem(lang.L("Password"), pw),
		widget.NewFormItem(lang.L("Encryption"), tlsSel), widget.NewFormItem(lang.L("Mirror folder"), mirror), widget.NewFormItem(lang.L("Poll every"), every),
	}
	d := dialog.NewForm(lang.L("Watch incoming"), lang.L("Start"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			w.toggle.SetChecked(false)
			return
		}
		iv, _ := time.ParseDuration(every.Selected)
		h.setPref(prefWatchSource, src.Text)
		h.setPref(prefWatchUser, user.Text)
		h.setPref(prefWatchMirror, mirror.Text)
		cb(watchSettings{Source: src.Text, User: user.Text, Password: pw.Text, TLS: tlsSel.Selected, Mirror: mirror.Text, Interval: iv})
	}, h.win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

func (w *incomingWatch) start(ws watchSettings) {
	t, err := transfer.ParseTarget(ws.Source)
	if err == nil && strings.TrimSpace(ws.Mirror) == "" {
		err = fmt.Errorf("choose a mirror folder for the read-only copies")
	}
	if err != nil {
		w.s.h.showError(err)
		w.toggle.SetChecked(false)
		return
	}
	if ws.User != "" {
		t.User = ws.User
	}
	opt := transfer.CollectOptions{Profile: w.s.profile, KeepFacts: true, SyncOptions: transfer.SyncOptions{Mirror: ws.Mirror}}
	if w.s.useRegister.Checked && w.s.reg != nil {
		r, err := w.s.reg()
		if err != nil {
			w.s.h.showError(err)
			w.toggle.SetChecked(false)
			return
		}
		opt.Register = r
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	if w.cancel != nil {
		w.cancel()
	}
	w.cancel = cancel
	w.files = map[string]check.FileResult{}
	w.mu.Unlock()
	w.status.SetText(fmt.Sprintf(lang.L("Connecting to %s …"), t.String()))
	go func() {
		st, err := transfer.Dialer{Password: ws.Password, TLS: ws.TLS}.Open(ctx, t)
		if err != nil {
			fyne.Do(func() {
				w.status.SetText(fmt.Sprintf(lang.L("Not watching: %s"), err.Error()))
				w.s.h.showError(err)
				w.toggle.SetChecked(false)
			})
			return
		}
		defer st.Close()
		sec := st.Security()
		err = transfer.Watch(ctx, st, transfer.WatchOptions{SyncOptions: opt.SyncOptions, Interval: ws.Interval,
			Notice: func(n string) { fyne.Do(func() { w.status.SetText(n + " · " + sec) }) },
			Pass: func(res transfer.SyncResult, err error) {
				var rep *check.Report
				if err == nil {
					rep, err = transfer.CheckMirrored(ctx, res, opt)
				}
				fyne.Do(func() { w.show(res, rep, err, sec) })
			}})
		_ = err
	}()
}

// show adds a pass's checked files to the results, newest state of each
// file winning, and says what the pass did.
func (w *incomingWatch) show(res transfer.SyncResult, rep *check.Report, err error, sec string) {
	w.mu.Lock()
	if w.cancel == nil {
		w.mu.Unlock()
		return
	}
	if rep != nil {
		for _, f := range rep.Files {
			w.files[f.Path] = f
		}
	}
	files := make([]check.FileResult, 0, len(w.files))
	for _, f := range w.files {
		files = append(files, f)
	}
	w.mu.Unlock()
	slices.SortFunc(files, func(a, b check.FileResult) int { return strings.Compare(a.Name, b.Name) })
	now := time.Now().In(localZone).Format("15:04:05")
	var note []string
	if n := len(res.Downloaded()); n > 0 {
		note = append(note, fmt.Sprintf("%d new", n))
	}
	for _, m := range res.Failed() {
		note = append(note, m.Name+": "+m.Err.Error())
	}
	if err != nil {
		note = append(note, err.Error())
	}
	text := fmt.Sprintf("%d file(s) · last pass %s", len(res.Files), now)
	if len(note) > 0 {
		text += " · " + strings.Join(note, "; ")
	}
	if transfer.PlainText(sec) {
		text += " · plain-text link"
	} else {
		text += " · " + sec
	}
	w.status.SetText(text)
	if rep != nil && len(files) > 0 {
		combined := *rep
		combined.Files = files
		combined.Resummarise()
		prev := ""
		if w.s.selected >= 0 && w.s.selected < len(w.s.rows) {
			prev = w.s.rows[w.s.selected].Path
		}
		w.s.finish(&combined, nil)
		// Keep the file the officer was reading selected as rows arrive.
		for i, r := range w.s.rows {
			if r.Path == prev {
				w.s.table.Select(widget.TableCellID{Row: i, Col: 0})
				w.s.showDetails(i)
			}
		}
		if prev == "" && len(w.s.rows) > 0 {
			w.s.showDetails(0)
		}
		w.s.progLabel.SetText(fmt.Sprintf(lang.L("Watching %s"), res.Source))
	}
	if w.pass != nil {
		w.pass(res, err)
	}
}

func (w *incomingWatch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
		w.status.SetText(lang.L("Stopped watching"))
	}
}
