package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestCreate(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	Create(a, w, nil)
	if w.Content() == nil {
		t.Fatal("no content")
	}
}
