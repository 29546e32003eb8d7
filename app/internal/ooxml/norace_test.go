//go:build !race

package ooxml_test

const raceEnabled = false
