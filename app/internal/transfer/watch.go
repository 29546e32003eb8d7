package transfer

import (
	"context"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions tune Watch.
type WatchOptions struct {
	SyncOptions
	// Interval between polls of an FTP folder (and the local fallback);
	// 0 means 30 s.
	Interval time.Duration
	// Pass is called after every pass with what it found (and its error).
	Pass func(SyncResult, error)
	// Notice, if set, is told how the folder is watched.
	Notice func(string)
}

// Watch runs Sync until ctx ends: a local folder on every change fsnotify
// reports (and, as a fallback, every Interval), an FTP folder every
// Interval. Files still being written are left for a later pass
// (MinAge, 2 s unless set). A failed pass is reported and the next one
// tries again; Watch returns only when ctx ends.
func Watch(ctx context.Context, st Store, opt WatchOptions) error {
	if opt.Interval <= 0 {
		opt.Interval = 30 * time.Second
	}
	if opt.MinAge == 0 {
		opt.MinAge = 2 * time.Second
	}
	notice := opt.Notice
	if notice == nil {
		notice = func(string) {}
	}
	var events <-chan fsnotify.Event
	if st.Target().IsLocal() {
		if w, err := fsnotify.NewWatcher(); err != nil {
			notice("file notifications unavailable (" + err.Error() + "); polling every " + opt.Interval.String())
		} else if err := w.Add(st.Target().Path); err != nil {
			w.Close()
			notice("cannot watch " + st.Target().Path + " (" + err.Error() + "); polling every " + opt.Interval.String())
		} else {
			defer w.Close()
			events = w.Events
			notice("watching " + st.Target().Path + " for changes (and polling every " + opt.Interval.String() + ")")
			go func() {
				for range w.Errors {
				}
			}()
		}
	} else {
		notice("polling " + st.Target().String() + " every " + opt.Interval.String())
	}
	tick := time.NewTicker(opt.Interval)
	defer tick.Stop()
	var settle <-chan time.Time // debounce bursts of events, retry pending files
	pass := func() {
		res, err := Sync(ctx, st, opt.SyncOptions)
		if ctx.Err() != nil {
			return
		}
		if opt.Pass != nil {
			opt.Pass(res, err)
		}
		for _, m := range res.Files {
			if m.Pending {
				settle = time.After(opt.MinAge)
				break
			}
		}
	}
	pass()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			pass()
		case _, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			settle = time.After(300 * time.Millisecond)
		case <-settle:
			settle = nil
			pass()
		}
	}
}
