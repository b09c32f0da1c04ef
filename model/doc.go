// Package model is tally's pay model: clients and their plan versions,
// tasks, entries and sales, and the one report builder that prices them by
// the rules of docs/pay.md, for every view and export. It is pure: no I/O, no
// terminal and no clock; the time is passed in.
//
// report.go holds what a report is; pricing.go how one is built.
package model
