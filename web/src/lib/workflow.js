// The review workflow as the pages show it (docs/workflow.md): the states in
// order, their colours, and the progress of an application through the
// levels. The server decides what may happen (`actions` of each
// application); nothing here enables an action the API did not offer.
export const STATES = ['draft', 'submitted', 'street_review', 'district_review', 'city_filing', 'publicity', 'filed', 'returned',
  'rejected', 'withdrawn']

export const FINAL = ['filed', 'rejected', 'withdrawn']

const TAG = {
  draft: 'info', submitted: 'primary', street_review: 'primary', district_review: 'primary', city_filing: 'primary',
  publicity: 'warning', filed: 'success', returned: 'danger', rejected: 'danger', withdrawn: 'info',
}
export const stateTag = (s) => TAG[s] || 'info'

// The path of an application: the steps of the progress bar.
export const STEPS = ['submitted', 'street_review', 'district_review', 'city_filing', 'publicity', 'filed']

/* Index of the step the application stands at (returned: the review that asked). */
export function stepIndex(app) {
  if (!app) return 0
  const s = app.state === 'returned' ? app.returned_from : app.state
  if (s === 'draft') return 0
  if (s === 'submitted') return 1 // submitted: waiting for the street office
  const i = STEPS.indexOf(s)
  if (i >= 0) return s === 'filed' ? STEPS.length : i
  // rejected, withdrawn: where the history says it was
  const last = [...(app.history || [])].reverse().find((ev) => STEPS.includes(ev.from_state))
  return last ? STEPS.indexOf(last.from_state) : 0
}

// The actions in the order the buttons stand, and their button types.
export const ACTION_ORDER = ['submit', 'accept', 'approve', 'resubmit', 'file', 'return', 'reject', 'withdraw']
export const ACTION_BUTTON = {
  submit: 'primary', accept: 'primary', approve: 'success', resubmit: 'primary', file: 'success', return: 'warning',
  reject: 'danger', withdraw: 'info',
}

/* The rejection reason prefilled from the failed criteria of the latest re-run (editable). */
export function rejectReason(eligibility, pickMessage, intro) {
  const failed = eligibility?.failed || []
  if (!failed.length) return ''
  return [intro, ...failed.map((f, i) => `${i + 1}. ${pickMessage(f)}`)].join('\n')
}

/* The lines of a textarea: what is missing, one item per line. */
export function lines(text) {
  return String(text || '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean)
}
