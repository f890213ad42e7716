<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-project.xsl: a project's page (new or existing): master data, "Konfiguration" with
     "Kundenportal aktivieren", the "Kundenportal" section, and "Daten speichern". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title">
    <xsl:choose>
      <xsl:when test="project/@new = '1'"><xsl:value-of select="kp:t('project.new')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="project/name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="pr" select="project"/>
    <xsl:variable name="main" select="form[@id = 'main']"/>
    <xsl:variable name="page">
      <xsl:choose>
        <xsl:when test="$pr/@new = '1'">/projects/new</xsl:when>
        <xsl:otherwise>/projects/<xsl:value-of select="$pr/@id"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <p class="crumbs"><a href="{$mount}/projects"><xsl:value-of select="kp:t('projects.title')"/></a></p>
    <h1><xsl:apply-templates select="." mode="title"/></h1>
    <xsl:call-template name="notices"/>
    <form method="post" action="{$mount}{$page}" id="main-form" class="stack" data-warn-unsaved="1">
      <xsl:if test="/page/@typed = '1'"><xsl:attribute name="data-unsaved">1</xsl:attribute></xsl:if>
      <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'portal_version'"/></xsl:call-template>
      <xsl:if test="$pr/@new = '0'">
        <p class="actions"><button type="submit" name="action" value="save" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
      </xsl:if>
      <section class="card stack" aria-labelledby="data-title">
        <h2 id="data-title"><xsl:value-of select="kp:t('project.data')"/></h2>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="'project.name'"/><xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'number'"/>
          <xsl:with-param name="label" select="'project.number'"/><xsl:with-param name="max" select="50"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'address'"/>
          <xsl:with-param name="label" select="'project.address'"/><xsl:with-param name="max" select="500"/>
        </xsl:call-template>
        <xsl:if test="$pr/customers">
          <xsl:variable name="chosen" select="$main/f[@n = 'customer_id']"/>
          <label for="main-customer_id"><xsl:value-of select="kp:t('project.customer')"/></label>
          <select id="main-customer_id" name="customer_id">
            <xsl:call-template name="invalid"><xsl:with-param name="field" select="'main-customer_id'"/><xsl:with-param name="key" select="$main/f[@n = 'customer_id']/@error"/></xsl:call-template>
            <option value=""><xsl:value-of select="kp:t('project.no_customer')"/></option>
            <xsl:for-each select="$pr/customers/customer">
              <option value="{@id}">
                <xsl:if test="@id = $chosen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="."/><xsl:if test="string(@number)"> (<xsl:value-of select="@number"/>)</xsl:if>
              </option>
            </xsl:for-each>
          </select>
          <xsl:call-template name="field-error">
            <xsl:with-param name="field" select="'main-customer_id'"/>
            <xsl:with-param name="key" select="$main/f[@n = 'customer_id']/@error"/>
          </xsl:call-template>
        </xsl:if>
      </section>
      <section class="card stack" aria-labelledby="config-title">
        <h2 id="config-title"><xsl:value-of select="kp:t('project.config')"/></h2>
        <xsl:call-template name="portal-switch">
          <xsl:with-param name="main" select="$main"/><xsl:with-param name="portal" select="$pr/portal"/>
        </xsl:call-template>
        <xsl:if test="$pr/customer-portal">
          <p class="meta"><xsl:value-of select="kp:t('project.via_customer')"/>
            <xsl:text> </xsl:text><a href="{$mount}/customers/{$pr/customer-portal/@customer}#portal"><xsl:value-of select="$pr/customer-portal"/></a></p>
        </xsl:if>
      </section>
      <xsl:if test="$pr/@new = '1'">
        <p class="actions"><button type="submit" name="action" value="save" class="primary"><xsl:value-of select="kp:t('project.create')"/></button></p>
      </xsl:if>
    </form>
    <xsl:if test="$pr/portal">
      <xsl:call-template name="portal-section">
        <xsl:with-param name="portal" select="$pr/portal"/>
        <xsl:with-param name="main" select="$main"/>
        <xsl:with-param name="page" select="$page"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$pr/@new = '0'">
      <p class="actions"><button type="submit" form="main-form" name="action" value="save" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
      <nav class="card staff" aria-label="{kp:t('project.staff')}">
        <h2><xsl:value-of select="kp:t('project.staff')"/></h2>
        <ul class="links">
          <li><a href="{$mount}/projects/{$pr/@id}/planning"><xsl:value-of select="kp:t('area.planning')"/></a></li>
          <li><a href="{$mount}/projects/{$pr/@id}/times"><xsl:value-of select="kp:t('area.times')"/></a></li>
          <li><a href="{$mount}/projects/{$pr/@id}/documents"><xsl:value-of select="kp:t('area.documents')"/></a></li>
          <li><a href="{$mount}/projects/{$pr/@id}/messages"><xsl:value-of select="kp:t('area.messages')"/></a></li>
          <li><a href="{$mount}/audit?object=project&amp;id={$pr/@id}"><xsl:value-of select="kp:t('audit.history')"/></a></li>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
