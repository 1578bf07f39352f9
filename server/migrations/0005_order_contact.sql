-- Who to call on site: crews call the customer from the order ("call customer" in the crew app).
-- Kept on the order (not only on the account) because the person on site is often not the holder.
alter table work_orders
  add column contact_name text,
  add column contact_phone text;
