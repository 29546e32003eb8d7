package register

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"
)

// parseEML reads an .eml back with net/mail and returns its decoded
// subject, body and headers, failing on anything RFC 5322 forbids.
func parseEML(t testing.TB, eml []byte) (*mail.Message, string, string) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(eml, []byte("\r\n"), nil), []byte("\n")) || bytes.Contains(bytes.ReplaceAll(eml, []byte("\r\n"), nil), []byte("\r")) {
		t.Fatalf("bare CR or LF in\n%q", eml)
	}
	for _, line := range bytes.Split(eml, []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("line of %d bytes", len(line))
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, eml)
	}
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject %q: %v", m.Header.Get("Subject"), err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatalf("body: %v", err)
	}
	return m, subj, string(body)
}

func TestRequestMail(t *testing.T) {
	p := profile(t)
	now := time.Date(2012, 3, 1, 9, 30, 0, 0, time.UTC)
	m := RequestMail(p, NumberRequest{Title: "Über innovation — a “bridge”", Source: "Nokia Siemens Networks", Contact: "Zoë Müller", Email: "zoe@example.org", Purpose: "discussion"}, now)
	if m.To.Address != "tsbfginnovation@itu.int" || m.Subject != "Document number request: Über innovation — a “bridge”" {
		t.Fatalf("%+v", m)
	}
	eml, err := m.EML()
	if err != nil {
		t.Fatal(err)
	}
	msg, subj, body := parseEML(t, eml)
	if subj != m.Subject {
		t.Errorf("subject %q", subj)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || from[0].Name != "Zoë Müller" || from[0].Address != "zoe@example.org" {
		t.Errorf("from %v %v", from, err)
	}
	for _, h := range []string{"MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "Date: Thu, 01 Mar 2012 09:30:00 +0000"} {
		if !bytes.Contains(eml, []byte(h+"\r\n")) {
			t.Errorf("missing %q", h)
		}
	}
	for _, want := range []string{"Title:    Über innovation — a “bridge”", "Source:   Nokia Siemens Networks", "Purpose:  Discussion", "Contact:  Zoë Müller <zoe@example.org>", "Meeting:  FG Innovation, first meeting", "innovation-i-nnnn", "Circular 253 §9"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	u := m.Mailto()
	if !strings.HasPrefix(u, "mailto:tsbfginnovation@itu.int?subject=Document%20number%20request%3A%20%C3%9Cber") || strings.Contains(u, "+") || !strings.Contains(u, "%0D%0A") {
		t.Errorf("mailto %s", u)
	}
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(pu.RawQuery)
	if q.Get("subject") != m.Subject || q.Get("body") != strings.ReplaceAll(m.Body, "\n", "\r\n") || pu.Opaque != "tsbfginnovation@itu.int" {
		t.Errorf("mailto round trip: %q %q", q.Get("subject"), pu.Opaque)
	}
}

func TestReplyMail(t *testing.T) {
	p := profile(t)
	d := Document{Name: "innovation-i-0007", Title: "Innovation report", Source: "ITU", Email: "author@example.org"}
	m := ReplyMail(p, d, mail.Address{Name: "Ana"}, time.Now())
	if m.To.Address != "author@example.org" || m.From.Address != "tsbfginnovation@itu.int" || m.Subject != "Document number innovation-i-0007: Innovation report" {
		t.Fatalf("%+v", m)
	}
	eml, err := m.EML()
	if err != nil {
		t.Fatal(err)
	}
	_, _, body := parseEML(t, eml)
	for _, want := range []string{
		"Dear Ana,",
		"document number innovation-i-0007",
		"Name the file innovation-i-0007.docx",
		"Monday 12 March 2012 23:59:59 CET Geneva time (Europe/Zurich), that is 2012-03-12 22:59:59 UTC",
		"FTP host:        ifa.itu.int",
		"Incoming folder: /t/fg/innovation/docs/incoming",
		"http://ifa.itu.int/t/fg/innovation/docs/incoming/",
		"http://ifa.itu.int/t/fg/innovation/docs/1203-gva/in/",
		"tsbfginnovation@itu.int, Tel +41 22 730 5591",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("reply lacks %q:\n%s", want, body)
		}
	}
}

func TestEMLHeaderInjection(t *testing.T) {
	m := Message{
		From:      mail.Address{Name: "Eve\r\nBcc: victim@example.org", Address: "eve@example.org"},
		To:        mail.Address{Address: "tsb@example.org"},
		Subject:   "Hello\r\nBcc: victim@example.org\nX-Evil: 1",
		Body:      "line one\nline two\r\n.\r\nFrom: not a header",
		InReplyTo: "abc@x\r\nBcc: y@z",
	}
	eml, err := m.EML()
	if err != nil {
		t.Fatal(err)
	}
	msg, subj, body := parseEML(t, eml)
	if len(msg.Header["Bcc"]) != 0 || len(msg.Header["X-Evil"]) != 0 {
		t.Fatalf("injected header:\n%s", eml)
	}
	if subj != "Hello Bcc: victim@example.org X-Evil: 1" || !strings.Contains(body, "From: not a header") {
		t.Fatalf("subject %q body %q", subj, body)
	}
	if _, err := (Message{To: mail.Address{Address: "x@y.z\r\nBcc: a@b.c"}}).EML(); err == nil {
		t.Fatal("bad To accepted")
	}
	if _, err := (Message{}).EML(); err == nil {
		t.Fatal("no recipient accepted")
	}
	// A very long word cannot make a line longer than 998 bytes.
	long := Message{To: mail.Address{Address: "a@b.org"}, Subject: strings.Repeat("x", 3000) + " =?utf-8?q?x?="}
	eml, err = long.EML()
	if err != nil {
		t.Fatal(err)
	}
	_, subj, _ = parseEML(t, eml)
	if subj != long.Subject {
		t.Fatalf("long subject round trip: %q", subj)
	}
}

func FuzzEML(f *testing.F) {
	f.Add("Title", "Nokia", "Zoë", "ä\r\nBcc: x@y.z")
	f.Add("=?utf-8?q?x?=", "\x00\x1b", "\u2028", strings.Repeat("é", 100))
	f.Fuzz(func(t *testing.T, title, source, contact, body string) {
		m := RequestMail(profile(t), NumberRequest{Title: title, Source: source, Contact: contact, Email: "a@example.org"}, time.Unix(0, 0))
		m.Body += body
		eml, err := m.EML()
		if err != nil {
			t.Fatal(err)
		}
		msg, subj, _ := parseEML(t, eml)
		want := []string{"From", "To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "X-Unsent"}
		if len(msg.Header) != len(want) {
			t.Fatalf("headers %v", msg.Header)
		}
		if !strings.Contains(subj, "Document number request:") {
			t.Fatalf("subject %q", subj)
		}
		_ = m.Mailto()
	})
}
