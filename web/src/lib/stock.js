// The housing stock's vocabulary (docs/stock.md, src/core/stock.c): the
// programmes with homes, layouts, statuses and the unit status table. The
// server decides; the table here only keeps the status choices honest.
export const STOCK_PROGRAMMES = ['public_rental', 'affordable_rental', 'talent', 'shared_ownership', 'sale_type']
export const SALE_PROGRAMMES = ['shared_ownership', 'sale_type']
export const LAYOUTS = ['dormitory', 'studio', 'one_room', 'two_room', 'three_room']
export const UNIT_STATUSES = ['vacant', 'reserved', 'offered', 'let', 'sold', 'maintenance']
export const PROJECT_STATUSES = ['construction', 'active', 'closed']

export const isSale = (programme) => SALE_PROGRAMMES.includes(programme)

/* Where a unit of a project of `programme` may go from `status`. */
export function nextStatuses(status, programme) {
  const sale = isSale(programme)
  const table = {
    vacant: ['reserved', 'maintenance'],
    reserved: ['offered', 'vacant'],
    offered: [sale ? 'sold' : 'let', 'vacant'],
    let: ['vacant'],
    sold: [],
    maintenance: ['vacant'],
  }
  return table[status] || []
}

/* Element Plus tag types by unit status. */
export const UNIT_TAG = { vacant: 'success', reserved: 'warning', offered: 'primary', let: 'info', sold: 'info', maintenance: 'danger' }
export const PROJECT_TAG = { construction: 'warning', active: 'success', closed: 'info' }
