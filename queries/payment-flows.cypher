// name: payment-flows
// title: Payment flows - ransoms, fees, fines and wallets
// audience: [investigator, prosecutor, analyst]
// category: money
// description: >
//   Every recorded payment (ransom, debt, fine, recruitment fee, transfer price) with who
//   paid (a person, or a description such as "family"), who received it (person, agency or
//   company), the victim it was paid for, the wallet it went through and who else is recorded
//   controlling that wallet, and the sources. Victims are shown by pseudonym. Filter by kind
//   (empty for all) or by a wallet id or address to follow the money through one wallet.
// parameters:
//   kind:
//     type: string
//     default: ""
//     choices: [ransom, debt, fine, recruitment_fee, transfer_price]
//     description: ransom, debt, fine, recruitment_fee or transfer_price; empty for all
//   wallet: {type: string, entity: identifier, default: "", description: "Wallet id or address; empty for all"}
//   since: {type: date, default: "", description: "Only payments dated on or after this date (YYYY-MM-DD); empty: no limit"}
//   until: {type: date, default: "", description: "Only payments dated on or before this date (YYYY-MM-DD); empty: no limit"}
// example:
//   params: {kind: ransom}
//   expect: the ransoms of the ground truth with their wallets
// revision: 2
MATCH (pay:Payment)
WHERE ($kind = '' OR pay.kind = toLower($kind))
  AND ($since = '' OR pay.date >= $since) AND ($until = '' OR pay.date <= $until)
OPTIONAL MATCH (pay)-[:VIA_WALLET]->(w:Wallet)
WITH pay, w
WHERE $wallet = '' OR w.id = $wallet OR w.address = $wallet
// Each link type is walked once per payment; names and ids are both read from it.
WITH pay, w,
     [(payer:Person)-[:PAID]->(pay) | payer] AS payers,
     [(taker)-[:RECEIVED]->(pay) WHERE NOT taker:PersonRecord | taker] AS takers,
     [(pay)-[:FOR_PERSON]->(victim:Person) | victim] AS victims
RETURN pay.id AS payment_id,
       pay.kind AS kind,
       pay.amount AS amount,
       pay.currency AS currency,
       pay.date AS date,
       [x IN payers
          | CASE WHEN 'victim' IN coalesce(x.roles, []) THEN coalesce(x.pseudonym, x.id)
                 ELSE x.name END]
         + CASE WHEN pay.paid_by IS NULL THEN [] ELSE [pay.paid_by] END AS paid_by,
       [x IN takers
          | CASE WHEN 'victim' IN coalesce(x.roles, []) THEN coalesce(x.pseudonym, x.id)
                 ELSE coalesce(x.name, x.id) END] AS received_by,
       [x IN victims | coalesce(x.pseudonym, x.id)] AS for_victim,
       [x IN payers | x.id] AS paid_by_ids,
       [x IN takers | x.id] AS received_by_ids,
       [x IN victims | x.id] AS for_victim_ids,
       w.id AS wallet,
       [(holder)-[:CONTROLS_WALLET]->(w) WHERE NOT holder:PersonRecord
          | CASE WHEN 'victim' IN coalesce(holder.roles, [])
                 THEN coalesce(holder.pseudonym, holder.id)
                 ELSE coalesce(holder.name, holder.id) END] AS wallet_controlled_by,
       coalesce(pay.source_ids, []) AS source_ids
ORDER BY date, payment_id
