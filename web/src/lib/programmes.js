// The programmes (保障方式) the API knows, in the order the pages list them.
export const PROGRAMMES = [
  'public_rental', 'public_rental_subsidy', 'market_rent_subsidy', 'affordable_rental', 'shared_ownership', 'sale_type', 'talent',
]
